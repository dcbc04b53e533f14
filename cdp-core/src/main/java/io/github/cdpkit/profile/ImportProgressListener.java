package io.github.cdpkit.profile;

/** Hears how a long import is going; called on the importing thread. */
@FunctionalInterface
public interface ImportProgressListener {

  /**
   * Receives the counts so far.
   *
   * @param rowsRead data rows read
   * @param imported rows imported
   * @param rejected rows rejected
   */
  void onProgress(long rowsRead, long imported, long rejected);
}
