package io.iam4j.config;

/**
 * One change to a tenant's files, relative to its directory: put a file's whole new content, or
 * delete it.
 */
public sealed interface FileChange {
  String path();

  record Put(String path, String content) implements FileChange {}

  record Delete(String path) implements FileChange {}

  static FileChange put(String path, String content) {
    return new Put(path, content);
  }

  static FileChange delete(String path) {
    return new Delete(path);
  }
}
