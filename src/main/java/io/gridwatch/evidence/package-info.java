/**
 * The evidence store (issue 11 item 4): photos and documents attached to a case. The bytes go to
 * a content-addressed {@link io.gridwatch.evidence.EvidenceStore} (SHA-256; on the file system by
 * default), their type is decided by the bytes ({@link io.gridwatch.evidence.EvidenceType}), a
 * JPEG's EXIF time and place are read under a budget ({@link io.gridwatch.evidence.ExifReader}),
 * and each attachment to a case is a row of {@code evidence} ({@link io.gridwatch.evidence.EvidenceRecords}).
 * Reads and writes are scoped like the case and audited ({@link io.gridwatch.evidence.EvidenceEndpoint}).
 * See docs/evidence.md.
 */
package io.gridwatch.evidence;
