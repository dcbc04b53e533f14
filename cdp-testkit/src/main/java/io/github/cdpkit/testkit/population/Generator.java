package io.github.cdpkit.testkit.population;

import io.github.cdpkit.identity.Identifier;
import io.github.cdpkit.identity.IdentifierTypes;
import io.github.cdpkit.identity.RecordKey;
import io.github.cdpkit.identity.SourceRecord;
import io.github.cdpkit.identity.event.ConflictRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Generates the people of one population, one at a time, from their per-person seeds. Holds scratch
 * buffers, so it is not thread-safe: every stream (and every split of one) has its own.
 *
 * <p>A person is drawn in a fixed order: traits (record count, channels, which identifiers they
 * have), then which identifiers each record carries, then the values, then the per-record formatting
 * and timestamps. Another person's traits can be drawn again from their seed alone, which is how a
 * household knows whether both members hold a member number.
 */
final class Generator {

  static final String[] CHANNELS = {"tmall", "jd", "meituan", "app", "mini_program", "pos", "dealer"};

  private static final int TMALL = 0;
  private static final int JD = 1;
  private static final int MEITUAN = 2;
  private static final int APP = 3;
  private static final int MINI = 4;
  private static final int POS = 5;
  private static final int DEALER = 6;
  private static final int[] CHANNEL_WEIGHTS = {22, 18, 12, 14, 16, 12, 6};
  private static final int BRAND_CHANNELS = (1 << APP) | (1 << MINI) | (1 << POS) | (1 << DEALER);
  /** Cumulative permille of people with 1, 2, ... 6 records: a mean of 2.58. */
  private static final int[] RECORD_COUNTS = {300, 550, 750, 870, 950, 1000};

  // identifier slots of a person, as bits of a record's mask
  private static final int PHONE = 1;
  private static final int PHONE2 = 1 << 1;
  private static final int EMAIL = 1 << 2;
  private static final int MEMBER = 1 << 3;
  private static final int OPENID_MINI = 1 << 4;
  private static final int OPENID_APP = 1 << 5;
  private static final int OPENID_DEALER = 1 << 6;
  private static final int DEVICE0 = 7;

  private static final int APP_MINI = 0;
  private static final int APP_APP = 1;
  private static final int APP_DEALER = 2;

  static final long TWO_YEARS_SECONDS = 730L * 24 * 3600;

  private static final int[] PHONE_PREFIXES =
      {130, 131, 132, 133, 134, 135, 136, 137, 139, 150, 151, 152, 155, 156, 157, 158, 159};
  private static final int[] SECOND_PHONE_PREFIXES =
      {166, 170, 171, 172, 173, 175, 176, 177, 178, 199};
  private static final int[] HOUSEHOLD_PHONE_PREFIXES =
      {180, 181, 182, 183, 184, 185, 186, 187, 188, 189};

  private static final String[] SURNAMES = {"wang", "li", "zhang", "liu", "chen", "yang", "huang",
      "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu", "hu", "guo"};
  private static final String[] GIVEN_NAMES = {"wei", "fang", "na", "min", "jing", "lei", "qiang",
      "jun", "yang", "yan", "jie", "tao", "ming", "chao", "xiu", "xia", "ping", "gang", "hui", "hong",
      "yu", "li", "ting", "hao"};
  private static final String[] DOMAINS = {"qq.com", "163.com", "126.com", "gmail.com",
      "outlook.com", "sina.com", "foxmail.com", "icloud.com"};
  private static final int[] DOMAIN_WEIGHTS = {35, 55, 65, 75, 83, 90, 95, 100};
  private static final char[] BASE64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

  static final String JUNK_PHONE = "00000000000";
  static final String JUNK_EMAIL = "null@null.com";
  static final String JUNK_DEVICE = "00000000-0000-0000-0000-000000000000";

  private static final String[] CATEGORIES =
      {"appliance", "mother_baby", "food", "apparel", "beauty", "service"};
  private static final long[] AMOUNT_MIN = {99_900, 5_900, 990, 4_900, 6_900, 2_900};
  private static final long[] AMOUNT_MAX = {2_999_900, 79_900, 29_900, 199_900, 159_900, 99_900};
  private static final String[] STORES = numbered("store-", 400, 4);
  private static final String[] DEALERS = numbered("dealer-", 120, 3);
  private static final Currency CNY = Currency.getInstance("CNY");
  private static final Currency HKD = Currency.getInstance("HKD");
  private static final Comparator<SyntheticOrder> BY_TIME =
      Comparator.comparing(SyntheticOrder::placedAt).thenComparing(SyntheticOrder::orderId);

  private final Codes codes;
  private final int people;
  private final long baseSecond;
  private final int baseNano;

  // scratch
  private final Traits self = new Traits();
  private final Traits partner = new Traits();
  private final int[] masks = new int[6];
  private final String[] devices = new String[3];
  private final Identifier[] deviceIds = new Identifier[3];
  private final Identifier[] identifiers = new Identifier[16];
  private final char[] chars = new char[64];
  private final char[] phoneDigits = new char[11];
  // the person's values; identifiers made once per person and shared by their records
  private String email = "";
  private Identifier phoneId = PLACEHOLDER;
  private Identifier phone2Id = PLACEHOLDER;
  private Identifier emailId = PLACEHOLDER;
  private Identifier memberId = PLACEHOLDER;
  private Identifier openIdMini = PLACEHOLDER;
  private Identifier openIdApp = PLACEHOLDER;
  private Identifier openIdDealer = PLACEHOLDER;
  private int sharing;
  private String householdPhone = "";
  private String householdDevice = "";

  private static final Identifier PLACEHOLDER = Identifier.of(IdentifierTypes.PHONE, "");
  private static final int SHARES_PHONE = 1;
  private static final int SHARES_DEVICE = 2;

  Generator(Codes codes, int people, Instant base) {
    this.codes = codes;
    this.people = people;
    this.baseSecond = base.getEpochSecond();
    this.baseNano = base.getNano();
  }

  /** What decides a person's shape, drawn first from their seed. */
  private static final class Traits {
    int recordCount;
    final int[] channels = new int[6];
    int channelMask;
    boolean hasPhone;
    boolean hasEmail;
    boolean member;
    boolean secondPhone;
    int deviceCount;
  }

  private SplittableRandom personRandom(int index) {
    return new SplittableRandom(codes.streamSeed(index, Codes.RECORDS_STREAM));
  }

  private static int drawRecordCount(SplittableRandom random) {
    int draw = random.nextInt(1000);
    int count = 1;
    while (draw >= RECORD_COUNTS[count - 1]) {
      count++;
    }
    return count;
  }

  private static void drawTraits(SplittableRandom random, Traits traits) {
    traits.recordCount = drawRecordCount(random);
    int mask = 0;
    int remaining = 100;
    for (int k = 0; k < traits.recordCount; k++) {
      int draw = random.nextInt(remaining);
      int channel = 0;
      while (true) {
        if ((mask & (1 << channel)) == 0) {
          draw -= CHANNEL_WEIGHTS[channel];
          if (draw < 0) {
            break;
          }
        }
        channel++;
      }
      mask |= 1 << channel;
      remaining -= CHANNEL_WEIGHTS[channel];
      traits.channels[k] = channel;
    }
    traits.channelMask = mask;
    traits.hasPhone = random.nextInt(1000) < 950;
    traits.hasEmail = random.nextInt(1000) < 500;
    traits.member = random.nextInt(1000) < 550 && (mask & BRAND_CHANNELS) != 0;
    traits.secondPhone = traits.hasPhone && random.nextInt(1000) < 40;
    int devices = random.nextInt(100);
    traits.deviceCount = devices < 55 ? 1 : devices < 85 ? 2 : 3;
  }

  /** How many records person {@code index} has: the first draw of their seed. */
  int recordCount(int index) {
    return drawRecordCount(personRandom(index));
  }

  /** The channel of record {@code ordinal} of person {@code index}, or null if there is none. */
  @Nullable String channel(int index, int ordinal) {
    drawTraits(personRandom(index), self);
    return ordinal < self.recordCount ? CHANNELS[self.channels[ordinal]] : null;
  }

  /**
   * Decides household {@code h} (people {@code 2h} and {@code 2h + 1}) from its own seed: sets
   * {@link #sharing}, {@link #householdPhone} and {@link #householdDevice}. When the two share
   * anything, draws both members' traits again (into {@link #self} and {@link #partner}) and returns
   * whether both hold a member number, so that the link their shared evidence makes must be refused.
   */
  private boolean decideHousehold(int household) {
    sharing = 0;
    int odd = 2 * household + 1;
    if (odd >= people) {
      return false;
    }
    SplittableRandom random =
        new SplittableRandom(codes.streamSeed(household, Codes.HOUSEHOLD_STREAM));
    if (random.nextInt(1000) >= 150) {
      return false;
    }
    int kind = random.nextInt(100);
    sharing = kind < 45 ? SHARES_PHONE : kind < 75 ? SHARES_DEVICE : SHARES_PHONE | SHARES_DEVICE;
    householdPhone = (sharing & SHARES_PHONE) != 0
        ? phoneString(HOUSEHOLD_PHONE_PREFIXES[random.nextInt(HOUSEHOLD_PHONE_PREFIXES.length)],
            codes.householdPhoneSuffix(household))
        : "";
    householdDevice = (sharing & SHARES_DEVICE) != 0 ? uuid(random) : "";
    drawTraits(personRandom(odd - 1), self);
    drawTraits(personRandom(odd), partner);
    return self.member && partner.member;
  }

  /** The link a guard must refuse in household {@code household}, or null. */
  @Nullable RefusedLink refusedLink(int household) {
    if (!decideHousehold(household)) {
      return null;
    }
    List<Identifier> shared = new ArrayList<>(2);
    if ((sharing & SHARES_PHONE) != 0) {
      shared.add(Identifier.of(IdentifierTypes.PHONE, "+86" + householdPhone));
    }
    if ((sharing & SHARES_DEVICE) != 0) {
      shared.add(Identifier.of(IdentifierTypes.DEVICE_ID, householdDevice));
    }
    return new RefusedLink(2 * household, 2 * household + 1, shared, ConflictRule.PROFILE_LIMIT,
        IdentifierTypes.MEMBER_NO);
  }

  int expectedGroup(int index) {
    boolean refused = decideHousehold(index >> 1);
    return sharing != 0 && !refused ? index & ~1 : index;
  }

  SyntheticPerson person(int index) {
    List<SourceRecord> records = records(index);
    return new SyntheticPerson(index, records, orders(index, records));
  }

  List<SourceRecord> records(int index) {
    boolean refused = decideHousehold(index >> 1);
    SplittableRandom random = personRandom(index);
    Traits traits = self;
    drawTraits(random, traits);
    int count = traits.recordCount;
    boolean shares = sharing != 0;
    if (shares) {
      traits.secondPhone = false; // keeps a household merged by its evidence within 3 phones
    }
    drawMasks(random, traits);
    drawValues(random, traits, index);
    int householdRecord = -1;
    if (shares) {
      householdRecord = 0;
      if (refused) { // on a record with the member number, so the record's own person is clear
        while ((masks[householdRecord] & MEMBER) == 0) {
          householdRecord++;
        }
      }
    }
    SourceRecord[] out = new SourceRecord[count];
    for (int k = 0; k < count; k++) {
      out[k] = record(random, index, k, traits.channels[k], masks[k], k == householdRecord);
    }
    return List.of(out);
  }

  private void drawMasks(SplittableRandom random, Traits traits) {
    int count = traits.recordCount;
    int union = 0;
    for (int k = 0; k < count; k++) {
      int mask = 0;
      switch (traits.channels[k]) {
        case TMALL -> {
          mask |= phoneBit(random, traits, 900) | emailBit(random, traits, 300);
        }
        case JD -> {
          mask |= phoneBit(random, traits, 900) | emailBit(random, traits, 800);
        }
        case MEITUAN -> {
          mask |= phoneBit(random, traits, 950) | emailBit(random, traits, 100);
          mask |= random.nextInt(1000) < 700 ? 1 << DEVICE0 : 0;
        }
        case APP -> {
          mask |= phoneBit(random, traits, 850) | emailBit(random, traits, 700);
          mask |= traits.member ? MEMBER : 0;
          mask |= random.nextInt(1000) < 500 ? OPENID_APP : 0;
          for (int d = 0; d < traits.deviceCount; d++) {
            mask |= random.nextInt(1000) < 900 ? 1 << (DEVICE0 + d) : 0;
          }
        }
        case MINI -> {
          mask |= OPENID_MINI | phoneBit(random, traits, 700) | emailBit(random, traits, 300);
          mask |= traits.member ? MEMBER : 0;
        }
        case POS -> {
          mask |= phoneBit(random, traits, 800) | emailBit(random, traits, 200);
          mask |= traits.member ? MEMBER : 0;
          mask |= (traits.channelMask & (1 << MINI)) != 0 && random.nextInt(1000) < 300
              ? OPENID_MINI : 0;
        }
        default -> { // DEALER
          mask |= phoneBit(random, traits, 950) | emailBit(random, traits, 600);
          mask |= traits.member ? MEMBER : 0;
          mask |= random.nextInt(1000) < 400 ? OPENID_DEALER : 0;
        }
      }
      masks[k] = mask;
      union |= mask;
    }
    // who has a phone or an e-mail shows it on some record
    if (traits.hasPhone && (union & (PHONE | PHONE2)) == 0) {
      masks[0] |= PHONE;
    }
    if (traits.hasEmail && (union & EMAIL) == 0) {
      masks[count - 1] |= EMAIL;
    }
    // every record shares an identifier with an earlier one, so one person is one component
    int anchor = traits.hasPhone ? PHONE : traits.hasEmail ? EMAIL : 1 << DEVICE0;
    if (masks[0] == 0) {
      masks[0] = anchor;
    }
    union = masks[0];
    for (int k = 1; k < count; k++) {
      if ((masks[k] & union) == 0) {
        masks[k] |= anchor;
        masks[0] |= anchor;
        union |= anchor;
      }
      union |= masks[k];
    }
  }

  private static int phoneBit(SplittableRandom random, Traits traits, int permille) {
    if (!traits.hasPhone || random.nextInt(1000) >= permille) {
      return 0;
    }
    return traits.secondPhone && random.nextInt(100) < 40 ? PHONE2 : PHONE;
  }

  private static int emailBit(SplittableRandom random, Traits traits, int permille) {
    return traits.hasEmail && random.nextInt(1000) < permille ? EMAIL : 0;
  }

  private void drawValues(SplittableRandom random, Traits traits, int index) {
    int union = 0;
    for (int k = 0; k < traits.recordCount; k++) {
      union |= masks[k];
    }
    if ((union & PHONE) != 0) {
      String phone = phoneString(PHONE_PREFIXES[random.nextInt(PHONE_PREFIXES.length)],
          codes.phoneSuffix(index));
      phone.getChars(0, 11, phoneDigits, 0);
      phoneId = Identifier.of(IdentifierTypes.PHONE, phone);
    }
    if ((union & PHONE2) != 0) {
      phone2Id = Identifier.of(IdentifierTypes.PHONE, phoneString(
          SECOND_PHONE_PREFIXES[random.nextInt(SECOND_PHONE_PREFIXES.length)],
          codes.secondPhoneSuffix(index)));
    }
    if ((union & EMAIL) != 0) {
      email = email(random, index);
      emailId = Identifier.of(IdentifierTypes.EMAIL, email);
    }
    if ((union & MEMBER) != 0) {
      memberId = Identifier.of(IdentifierTypes.MEMBER_NO, codes.memberNo(index));
    }
    if ((union & OPENID_MINI) != 0) {
      openIdMini = Identifier.of(IdentifierTypes.WECHAT_OPENID, codes.appId(APP_MINI), openId(random));
    }
    if ((union & OPENID_APP) != 0) {
      openIdApp = Identifier.of(IdentifierTypes.WECHAT_OPENID, codes.appId(APP_APP), openId(random));
    }
    if ((union & OPENID_DEALER) != 0) {
      openIdDealer =
          Identifier.of(IdentifierTypes.WECHAT_OPENID, codes.appId(APP_DEALER), openId(random));
    }
    for (int d = 0; d < traits.deviceCount; d++) {
      if ((union & (1 << (DEVICE0 + d))) != 0) {
        devices[d] = random.nextInt(100) < 60 ? uuid(random) : androidId(random);
        deviceIds[d] = Identifier.of(IdentifierTypes.DEVICE_ID, devices[d]);
      }
    }
  }

  private SourceRecord record(SplittableRandom random, int index, int ordinal, int channel, int mask,
      boolean household) {
    int n = 0;
    if ((mask & MEMBER) != 0) {
      identifiers[n++] = memberId;
    }
    if ((mask & PHONE) != 0) {
      identifiers[n++] = phoneVariant(random);
    }
    if ((mask & PHONE2) != 0) {
      identifiers[n++] = phone2Id;
    }
    if (household && (sharing & SHARES_PHONE) != 0) {
      identifiers[n++] = Identifier.of(IdentifierTypes.PHONE, householdPhone);
    }
    if ((mask & EMAIL) != 0) {
      identifiers[n++] = emailVariant(random);
    }
    if ((mask & OPENID_MINI) != 0) {
      identifiers[n++] = openIdMini;
    }
    if ((mask & OPENID_APP) != 0) {
      identifiers[n++] = openIdApp;
    }
    if ((mask & OPENID_DEALER) != 0) {
      identifiers[n++] = openIdDealer;
    }
    for (int d = 0; d < 3; d++) {
      if ((mask & (1 << (DEVICE0 + d))) != 0) {
        identifiers[n++] = random.nextInt(100) < 10
            ? Identifier.of(IdentifierTypes.DEVICE_ID, devices[d].toLowerCase(Locale.ROOT))
            : deviceIds[d];
      }
    }
    if (household && (sharing & SHARES_DEVICE) != 0) {
      identifiers[n++] = Identifier.of(IdentifierTypes.DEVICE_ID, householdDevice);
    }
    if (random.nextInt(1000) < 30) { // junk, of a type the record has no real value of
      identifiers[n++] = (mask & (PHONE | PHONE2)) == 0 && !household
          ? Identifier.of(IdentifierTypes.PHONE, JUNK_PHONE)
          : (mask & EMAIL) == 0
              ? Identifier.of(IdentifierTypes.EMAIL, JUNK_EMAIL)
              : Identifier.of(IdentifierTypes.DEVICE_ID, JUNK_DEVICE);
    }
    Instant observedAt = Instant.ofEpochSecond(
        baseSecond + random.nextLong(TWO_YEARS_SECONDS), baseNano);
    return new SourceRecord(new RecordKey(CHANNELS[channel], codes.recordId(index, ordinal)),
        list(identifiers, n), Map.of(), observedAt);
  }

  private static List<Identifier> list(Identifier[] array, int n) {
    return switch (n) {
      case 1 -> List.of(array[0]);
      case 2 -> List.of(array[0], array[1]);
      case 3 -> List.of(array[0], array[1], array[2]);
      default -> List.of(Arrays.copyOf(array, n));
    };
  }

  private List<SyntheticOrder> orders(int index, List<SourceRecord> records) {
    SplittableRandom random = new SplittableRandom(codes.streamSeed(index, Codes.ORDERS_STREAM));
    if (random.nextInt(100) < 20) {
      return List.of();
    }
    int count = 1;
    while (count < 40 && random.nextInt(100) < 62) {
      count++;
    }
    String homeStore = STORES[random.nextInt(STORES.length)];
    String dealer = DEALERS[random.nextInt(DEALERS.length)];
    long end = baseSecond + TWO_YEARS_SECONDS;
    SyntheticOrder[] orders = new SyntheticOrder[count];
    for (int k = 0; k < count; k++) {
      int ordinal = random.nextInt(records.size());
      SourceRecord buyer = records.get(ordinal);
      int channel = self.channels[ordinal]; // still the traits of this person, drawn by records()
      int category = category(random, channel);
      long amount = random.nextLong(AMOUNT_MIN[category], AMOUNT_MAX[category] + 1);
      Currency currency = (channel == TMALL || channel == JD) && random.nextInt(100) < 2 ? HKD : CNY;
      String store = switch (channel) {
        case TMALL -> "tmall-flagship";
        case JD -> "jd-flagship";
        case MEITUAN -> homeStore;
        case POS -> random.nextInt(100) < 80 ? homeStore : STORES[random.nextInt(STORES.length)];
        case DEALER -> dealer;
        default -> "online";
      };
      Instant seen = buyer.observedAt();
      long from = seen == null ? baseSecond : seen.getEpochSecond();
      // with the base time's fraction of a second, as every record has it
      Instant placedAt =
          Instant.ofEpochSecond(from + random.nextLong(Math.max(1, end - from)), baseNano);
      orders[k] = new SyntheticOrder(codes.orderId(index, k), buyer.key(), amount, currency,
          CATEGORIES[category], store, placedAt);
    }
    Arrays.sort(orders, BY_TIME);
    return List.of(orders);
  }

  private static int category(SplittableRandom random, int channel) {
    int draw = random.nextInt(100);
    return switch (channel) {
      case DEALER -> draw < 80 ? 0 : 5;
      case MEITUAN -> draw < 70 ? 2 : draw < 80 ? 1 : 5;
      case POS -> draw < 30 ? 3 : draw < 55 ? 4 : draw < 75 ? 2 : 1;
      default -> draw < 15 ? 0 : draw < 35 ? 1 : draw < 55 ? 2 : draw < 75 ? 3 : draw < 95 ? 4 : 5;
    };
  }

  private String phoneString(int prefix, long suffix) {
    char[] out = chars;
    Codes.writeDigits(prefix, out, 0, 3);
    Codes.writeDigits(suffix, out, 3, 8);
    return new String(out, 0, 11);
  }

  /** The person's phone as one channel wrote it: plain, {@code +86...}, dashes or spaces. */
  private Identifier phoneVariant(SplittableRandom random) {
    int draw = random.nextInt(100);
    if (draw < 60) {
      return phoneId;
    }
    char[] out = chars;
    char[] d = phoneDigits;
    int n = 0;
    if (draw < 85 || draw >= 95) {
      out[n++] = '+';
      out[n++] = '8';
      out[n++] = '6';
      if (draw >= 75) {
        out[n++] = ' ';
      }
    }
    char separator = draw < 75 || draw >= 95 ? 0 : draw < 85 ? '-' : ' ';
    for (int i = 0; i < 11; i++) {
      if (separator != 0 && (i == 3 || i == 7)) {
        out[n++] = separator;
      }
      out[n++] = d[i];
    }
    return Identifier.of(IdentifierTypes.PHONE, new String(out, 0, n));
  }

  private String email(SplittableRandom random, int index) {
    String surname = SURNAMES[random.nextInt(SURNAMES.length)];
    String given = GIVEN_NAMES[random.nextInt(GIVEN_NAMES.length)];
    int separator = random.nextInt(3);
    int domainDraw = random.nextInt(100);
    int domain = 0;
    while (domainDraw >= DOMAIN_WEIGHTS[domain]) {
      domain++;
    }
    char[] out = chars;
    int n = 0;
    surname.getChars(0, surname.length(), out, n);
    n += surname.length();
    given.getChars(0, given.length(), out, n);
    n += given.length();
    if (separator != 2) {
      out[n++] = separator == 0 ? '.' : '_';
    }
    codes.emailCode(index, out, n);
    n += 6;
    out[n++] = '@';
    String host = DOMAINS[domain];
    host.getChars(0, host.length(), out, n);
    n += host.length();
    return new String(out, 0, n);
  }

  /** The person's e-mail as one channel wrote it: mostly as is, sometimes capitalised. */
  private Identifier emailVariant(SplittableRandom random) {
    if (random.nextInt(100) >= 10) {
      return emailId;
    }
    int at = email.indexOf('@');
    return Identifier.of(IdentifierTypes.EMAIL, Character.toUpperCase(email.charAt(0))
        + email.substring(1, at) + email.substring(at).toUpperCase(Locale.ROOT));
  }

  /** {@code o} and 27 base64url characters, as WeChat writes OpenIDs. */
  private String openId(SplittableRandom random) {
    char[] out = chars;
    out[0] = 'o';
    int n = 1;
    while (n < 28) {
      long bits = random.nextLong();
      for (int i = 0; i < 10 && n < 28; i++) {
        out[n++] = BASE64URL[(int) (bits & 63)];
        bits >>>= 6;
      }
    }
    return new String(out, 0, 28);
  }

  /** An upper-case UUID, as iOS IDFAs and Android OAIDs are written. */
  private String uuid(SplittableRandom random) {
    long high = random.nextLong();
    long low = random.nextLong();
    char[] out = chars;
    Codes.upperHex(high >>> 32, out, 0, 8);
    out[8] = '-';
    Codes.upperHex(high >>> 16, out, 9, 4);
    out[13] = '-';
    Codes.upperHex(high, out, 14, 4);
    out[18] = '-';
    Codes.upperHex(low >>> 48, out, 19, 4);
    out[23] = '-';
    Codes.upperHex(low, out, 24, 12);
    return new String(out, 0, 36);
  }

  /** 16 upper-case hex digits, as an Android id. */
  private String androidId(SplittableRandom random) {
    Codes.upperHex(random.nextLong(), chars, 0, 16);
    return new String(chars, 0, 16);
  }

  private static String[] numbered(String prefix, int count, int digits) {
    String[] names = new String[count];
    char[] number = new char[digits];
    for (int i = 0; i < count; i++) {
      Codes.writeDigits(i + 1L, number, 0, digits);
      names[i] = prefix + new String(number);
    }
    return names;
  }
}
