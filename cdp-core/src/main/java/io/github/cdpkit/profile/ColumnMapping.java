package io.github.cdpkit.profile;

import io.github.cdpkit.identity.Identifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How the columns of a channel export map to a record: which column holds the record's id, which
 * hold identifiers of which type, which hold attributes of which type, which must not be empty.
 * Columns not mapped are ignored. Immutable.
 *
 * <pre>{@code
 * ColumnMapping mapping = ColumnMapping.builder("buyer_id")
 *     .identifier("mobile", "phone")
 *     .identifier("openid", "wechat_openid", "wx0123456789abcdef")
 *     .attribute("city", "city", AttributeType.TEXT)
 *     .attribute("birthday", "birthday", AttributeType.DATE)
 *     .required("mobile")
 *     .observedAt("updated_at")
 *     .build();
 * }</pre>
 */
public final class ColumnMapping {

  /**
   * A column that holds an identifier.
   *
   * @param column the column's name
   * @param type the identifier type's name
   * @param namespace the namespace of a namespaced type, else {@code null}
   */
  record IdentifierColumn(String column, String type, @Nullable String namespace) {
    IdentifierColumn {
      if (type.isBlank() || (namespace != null && namespace.isBlank())) {
        throw new IllegalArgumentException(
            "identifier type and namespace must not be blank: '" + type + "', '" + namespace + "'");
      }
    }

    Identifier identifier(String value) {
      return new Identifier(type, namespace, value);
    }
  }

  /**
   * A column that holds an attribute.
   *
   * @param column the column's name
   * @param attribute the attribute's name
   * @param type how the value is checked
   */
  record AttributeColumn(String column, String attribute, AttributeType type) {}

  private final String recordIdColumn;
  private final List<IdentifierColumn> identifiers;
  private final List<AttributeColumn> attributes;
  private final Set<String> required;
  private final @Nullable String observedAtColumn;

  private ColumnMapping(Builder builder) {
    this.recordIdColumn = builder.recordIdColumn;
    this.identifiers = List.copyOf(builder.identifiers);
    this.attributes = List.copyOf(builder.attributes);
    this.required = Set.copyOf(builder.required);
    this.observedAtColumn = builder.observedAtColumn;
  }

  /**
   * Starts a mapping whose records take their id from {@code recordIdColumn}.
   *
   * @param recordIdColumn the column of the channel's record id; it must not be empty in any row
   * @return a builder
   * @throws IllegalArgumentException if the column name is blank
   */
  public static Builder builder(String recordIdColumn) {
    return new Builder(requireColumn(recordIdColumn));
  }

  String recordIdColumn() {
    return recordIdColumn;
  }

  List<IdentifierColumn> identifiers() {
    return identifiers;
  }

  List<AttributeColumn> attributes() {
    return attributes;
  }

  Set<String> required() {
    return required;
  }

  @Nullable String observedAtColumn() {
    return observedAtColumn;
  }

  /** Every column the mapping reads, in the order they were mapped. */
  Set<String> columns() {
    Set<String> columns = new LinkedHashSet<>();
    columns.add(recordIdColumn);
    identifiers.forEach(column -> columns.add(column.column()));
    attributes.forEach(column -> columns.add(column.column()));
    columns.addAll(required);
    if (observedAtColumn != null) {
      columns.add(observedAtColumn);
    }
    return columns;
  }

  private static String requireColumn(String column) {
    if (Objects.requireNonNull(column, "column").isBlank()) {
      throw new IllegalArgumentException("column name must not be blank: '" + column + "'");
    }
    return column;
  }

  /** Builds a {@link ColumnMapping}; not thread-safe. */
  public static final class Builder {
    private final String recordIdColumn;
    private final List<IdentifierColumn> identifiers = new ArrayList<>();
    private final List<AttributeColumn> attributes = new ArrayList<>();
    private final Set<String> required = new LinkedHashSet<>();
    private @Nullable String observedAtColumn;

    private Builder(String recordIdColumn) {
      this.recordIdColumn = recordIdColumn;
    }

    /**
     * Maps a column to identifiers of a type without namespace.
     *
     * @param column the column's name
     * @param type the identifier type's name, such as {@code phone}
     * @return this builder
     */
    public Builder identifier(String column, String type) {
      identifiers.add(new IdentifierColumn(requireColumn(column), type, null));
      return this;
    }

    /**
     * Maps a column to identifiers of a namespaced type, all in one namespace.
     *
     * @param column the column's name
     * @param type the identifier type's name, such as {@code wechat_openid}
     * @param namespace the namespace, such as the mini-program's app id
     * @return this builder
     */
    public Builder identifier(String column, String type, String namespace) {
      identifiers.add(new IdentifierColumn(
          requireColumn(column), type, Objects.requireNonNull(namespace, "namespace")));
      return this;
    }

    /**
     * Maps a column to an attribute. One column may feed several attributes, but an attribute is
     * mapped once: from two columns, which value a row gives it would be a matter of column order.
     *
     * @param column the column's name
     * @param attribute the attribute's name
     * @param type how values are checked
     * @return this builder
     * @throws IllegalArgumentException if the column or the attribute name is blank, or the
     *     attribute is mapped already
     */
    public Builder attribute(String column, String attribute, AttributeType type) {
      requireColumn(column);
      if (Objects.requireNonNull(attribute, "attribute").isBlank()) {
        throw new IllegalArgumentException("attribute name must not be blank: '" + attribute + "'");
      }
      Objects.requireNonNull(type, "type");
      for (AttributeColumn mapped : attributes) {
        if (mapped.attribute().equals(attribute)) {
          throw new IllegalArgumentException("attribute '" + attribute
              + "' is mapped already, from column '" + mapped.column() + "'");
        }
      }
      attributes.add(new AttributeColumn(column, attribute, type));
      return this;
    }

    /**
     * Rejects rows in which these columns are empty.
     *
     * @param columns the columns' names
     * @return this builder
     */
    public Builder required(String... columns) {
      for (String column : columns) {
        required.add(requireColumn(column));
      }
      return this;
    }

    /**
     * Takes each record's observation time from a column of ISO instants such as
     * {@code 2024-05-01T08:00:00Z}, within the range of epoch milliseconds (about 292 million
     * years either side of 1970) where the resolver keeps times; without it, the service's clock
     * stamps the records.
     *
     * @param column the column's name
     * @return this builder
     */
    public Builder observedAt(String column) {
      observedAtColumn = requireColumn(column);
      return this;
    }

    /**
     * Returns the mapping.
     *
     * @return the mapping
     * @throws IllegalStateException if no identifier column is mapped
     */
    public ColumnMapping build() {
      if (identifiers.isEmpty()) {
        throw new IllegalStateException("a mapping needs at least one identifier column");
      }
      return new ColumnMapping(this);
    }
  }
}
