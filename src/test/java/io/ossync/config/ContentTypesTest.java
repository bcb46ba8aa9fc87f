package io.ossync.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContentTypesTest {

    @Test
    void knownExtensionsCaseInsensitive() {
        assertThat(ContentTypes.forFileName("app.log")).isEqualTo("text/plain");
        assertThat(ContentTypes.forFileName("IMG_0001.JPG")).isEqualTo("image/jpeg");
        assertThat(ContentTypes.forFileName("dump.tar.gz")).isEqualTo("application/gzip");
        assertThat(ContentTypes.forFileName("a/b/data.json")).isEqualTo("application/json");
        assertThat(ContentTypes.forFileName("a\\b\\report.pdf")).isEqualTo("application/pdf");
        assertThat(ContentTypes.forFileName("movie.mp4")).isEqualTo("video/mp4");
    }

    @Test
    void unknownMissingOrDotFileExtensionsGetTheDefault() {
        assertThat(ContentTypes.forFileName("blob.xyz123")).isEqualTo(ContentTypes.DEFAULT);
        assertThat(ContentTypes.forFileName("Makefile")).isEqualTo(ContentTypes.DEFAULT);
        assertThat(ContentTypes.forFileName(".log")).isEqualTo(ContentTypes.DEFAULT);
        assertThat(ContentTypes.forFileName("trailing.")).isEqualTo(ContentTypes.DEFAULT);
        assertThat(ContentTypes.forFileName("dir.d/file")).isEqualTo(ContentTypes.DEFAULT);
    }
}
