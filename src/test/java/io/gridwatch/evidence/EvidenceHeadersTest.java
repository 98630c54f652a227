package io.gridwatch.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pure parts of the evidence endpoint: file names kept, Content-Disposition, If-None-Match, type sniffing. */
class EvidenceHeadersTest {
  private static final String SHA = "9f2c" + "0".repeat(60);

  @Test
  void a_file_name_keeps_its_last_segment_and_loses_invisible_format_characters() {
    assertThat(EvidenceEndpoint.fileName("DCIM/100APPLE/IMG_0042.JPG")).isEqualTo("IMG_0042.JPG");
    assertThat(EvidenceEndpoint.fileName("C:\\Users\\张三\\询问笔录.pdf")).isEqualTo("询问笔录.pdf");
    assertThat(EvidenceEndpoint.fileName("../../etc/passwd")).isEqualTo("passwd");
    assertThat(EvidenceEndpoint.fileName("evil\u202egpj.exe")).isEqualTo("evilgpj.exe");
    assertThat(EvidenceEndpoint.fileName("dir/")).isNull();
    assertThat(EvidenceEndpoint.fileName("..")).isNull();
    assertThat(EvidenceEndpoint.fileName(null)).isNull();
  }

  @Test
  void content_disposition_has_an_ascii_fallback_and_the_utf8_name() {
    assertThat(EvidenceEndpoint.disposition(true, "gate.jpg")).isEqualTo("inline; filename=\"gate.jpg\"; filename*=UTF-8''gate.jpg");
    assertThat(EvidenceEndpoint.disposition(false, "笔录 \"1\".pdf"))
        .isEqualTo("attachment; filename=\"__ _1_.pdf\"; filename*=UTF-8''%E7%AC%94%E5%BD%95%20%221%22.pdf");
  }

  @Test
  void if_none_match_matches_the_quoted_hash_a_weak_one_a_list_and_a_star() {
    assertThat(EvidenceEndpoint.matches("\"" + SHA + "\"", SHA)).isTrue();
    assertThat(EvidenceEndpoint.matches("W/\"" + SHA + "\"", SHA)).isTrue();
    assertThat(EvidenceEndpoint.matches("\"abc\", \"" + SHA + "\"", SHA)).isTrue();
    assertThat(EvidenceEndpoint.matches("*", SHA)).isTrue();
    assertThat(EvidenceEndpoint.matches(SHA, SHA)).as("unquoted is no entity tag").isFalse();
    assertThat(EvidenceEndpoint.matches("\"" + SHA.substring(1) + "\"", SHA)).isFalse();
    assertThat(EvidenceEndpoint.matches(null, SHA)).isFalse();
  }

  @Test
  void the_type_is_the_magic_number_not_the_name() {
    assertThat(EvidenceType.sniff(ExifBytes.plainJpeg())).contains(EvidenceType.JPEG);
    assertThat(EvidenceType.sniff(ExifBytes.png())).contains(EvidenceType.PNG);
    assertThat(EvidenceType.sniff(ExifBytes.pdf("x"))).contains(EvidenceType.PDF);
    assertThat(EvidenceType.sniff("<html>".getBytes())).isEmpty();
    assertThat(EvidenceType.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8})).as("too short for a JPEG").isEmpty();
    assertThat(EvidenceType.sniff(" %PDF-1.4".getBytes())).as("not at the start").isEmpty();
    assertThat(EvidenceType.ofMediaType("Image/PNG; charset=binary")).contains(EvidenceType.PNG);
    assertThat(EvidenceType.ofMediaType("image/jpg")).isEmpty();
  }
}
