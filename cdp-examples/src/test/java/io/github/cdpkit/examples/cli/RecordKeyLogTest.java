package io.github.cdpkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdpkit.identity.RecordKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordKeyLogTest {

  @Test
  void shouldHaveNoBlocksWhenEmpty() {
    RecordKeyLog log = new RecordKeyLog();

    assertThat(log.size()).isZero();
    assertThat(log.blocks()).isZero();
    assertThatThrownBy(() -> log.block(0))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("block 0 of 0");
  }

  @Test
  void shouldGiveBackEveryKeyInOrderBlockByBlock() {
    // Ids of every kind: ASCII, Latin-1, CJK, unpaired surrogates, and now and then one longer
    // than a page, so that keys end pages early and blocks start on any page.
    String alphabet = "aZ09-_\u00e9\u00ff\u4e2d\ud83d\ude00";
    for (long seed = 1; seed <= 20; seed++) {
      Random random = new Random(seed);
      RecordKeyLog log = new RecordKeyLog();
      List<RecordKey> added = new ArrayList<>();
      int count = random.nextInt(3 * RecordKeyLog.BLOCK);
      for (int k = 0; k < count; k++) {
        StringBuilder id = new StringBuilder();
        int length = random.nextInt(2000) == 0 ? 600_000 : 1 + random.nextInt(30);
        boolean ascii = random.nextBoolean();
        for (int i = 0; i < length; i++) {
          id.append(ascii ? (char) ('a' + random.nextInt(26))
              : alphabet.charAt(random.nextInt(alphabet.length())));
        }
        RecordKey key = RecordKey.of("source-" + random.nextInt(200), id.toString());
        log.add(key);
        added.add(key);
      }

      List<RecordKey> read = new ArrayList<>();
      for (int block = 0; block < log.blocks(); block++) {
        List<RecordKey> keys = log.block(block);
        assertThat(keys).hasSize(
            block < log.blocks() - 1 ? RecordKeyLog.BLOCK : count - block * RecordKeyLog.BLOCK);
        read.addAll(keys);
      }
      assertThat(log.size()).isEqualTo(count);
      assertThat(read).as("seed %d", seed).isEqualTo(added);
    }
  }

  @Test
  void shouldRefuseARecordIdTooLongToKeep() {
    // The lengths alone are checked: ids this long would take gigabytes to build here.
    assertThat(RecordKeyLog.entryBytes(RecordKeyLog.MAX_ID_CHARACTERS, true))
        .isEqualTo(RecordKeyLog.MAX_ID_CHARACTERS + 10L);
    assertThatThrownBy(() -> RecordKeyLog.entryBytes(RecordKeyLog.MAX_ID_CHARACTERS + 1, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("record id too long to keep: 1073741824 characters; at most 1073741823 when"
            + " ASCII, half as many when not");
    assertThat(RecordKeyLog.entryBytes((Integer.MAX_VALUE - 8 - 10) / 2, false))
        .isEqualTo(Integer.MAX_VALUE - 9L);
    assertThatThrownBy(() -> RecordKeyLog.entryBytes((Integer.MAX_VALUE - 8 - 10) / 2 + 1, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldReadBlocksInAnyOrderAndAgain() {
    RecordKeyLog log = new RecordKeyLog();
    for (int k = 0; k < 2 * RecordKeyLog.BLOCK + 1; k++) {
      log.add(RecordKey.of("tmall", "order-" + k));
    }

    assertThat(log.blocks()).isEqualTo(3);
    assertThat(log.block(2)).containsExactly(RecordKey.of("tmall", "order-8192"));
    assertThat(log.block(0).get(0)).isEqualTo(RecordKey.of("tmall", "order-0"));
    assertThat(log.block(1).get(RecordKeyLog.BLOCK - 1))
        .isEqualTo(RecordKey.of("tmall", "order-8191"));
    assertThat(log.block(0).get(0)).isEqualTo(RecordKey.of("tmall", "order-0"));
    assertThatThrownBy(() -> log.block(3))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("block 3 of 3");
    assertThatThrownBy(() -> log.block(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
