/*
 * JNI binding to the system's OpenJPEG (Debian libopenjp2-7) for org.mammoai.node.imaging.OpenJpeg:
 * decodes one JPEG 2000 frame (J2K codestream or JP2 file) of one component into a caller-owned 16-bit
 * buffer. The pure-Java JPEG 2000 codec takes 1.4 s for a full-field mammogram; OpenJPEG with two
 * threads a fraction of it. Peer data is not trusted: the stream's size must equal the DICOM header's
 * (which the caller has bounded) before OpenJPEG allocates anything for the image.
 */
#include <jni.h>
#include <openjpeg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { const unsigned char *data; OPJ_SIZE_T length; OPJ_SIZE_T position; } memory_stream;

static OPJ_SIZE_T stream_read(void *buffer, OPJ_SIZE_T count, void *user) {
    memory_stream *s = user;
    if (s->position >= s->length) return (OPJ_SIZE_T) -1;
    OPJ_SIZE_T n = s->length - s->position < count ? s->length - s->position : count;
    memcpy(buffer, s->data + s->position, n);
    s->position += n;
    return n;
}

static OPJ_OFF_T stream_skip(OPJ_OFF_T count, void *user) {
    memory_stream *s = user;
    if (count < 0) {
        if ((OPJ_SIZE_T) -count > s->position) return -1;
    } else if ((OPJ_SIZE_T) count > s->length - s->position) {
        count = (OPJ_OFF_T) (s->length - s->position);
    }
    s->position += count;
    return count;
}

static OPJ_BOOL stream_seek(OPJ_OFF_T offset, void *user) {
    memory_stream *s = user;
    if (offset < 0 || (OPJ_SIZE_T) offset > s->length) return OPJ_FALSE;
    s->position = (OPJ_SIZE_T) offset;
    return OPJ_TRUE;
}

/* OpenJPEG reports errors through a callback: keep the first message for the Java exception */
static void on_error(const char *message, void *user) {
    char *first = user;
    if (first[0] == '\0') {
        strncpy(first, message, 255);
        first[255] = '\0';
        size_t n = strlen(first);
        if (n > 0 && first[n - 1] == '\n') first[n - 1] = '\0';
    }
}

static void on_quiet(const char *message, void *user) { (void) message; (void) user; }

static void throw_decode_error(JNIEnv *env, const char *what, const char *detail) {
    char message[512];
    snprintf(message, sizeof message, "%s%s%s", what, detail[0] ? ": " : "", detail);
    jclass type = (*env)->FindClass(env, "java/io/IOException");
    if (type != NULL) (*env)->ThrowNew(env, type, message);
}

/*
 * Returns {precision, signed} of the decoded component; throws IOException when the stream is not what the
 * header says or cannot be decoded. columns, rows: the frame's full size (the DICOM header's); reduce: resolution
 * levels to skip (each halves the size: the wavelet's own low-pass image, far cheaper than decoding every level);
 * address/capacity: the destination, ceil(columns / 2^reduce) * ceil(rows / 2^reduce) 16-bit samples.
 */
JNIEXPORT jintArray JNICALL Java_org_mammoai_node_imaging_OpenJpeg_decode(JNIEnv *env, jclass type, jbyteArray frame,
        jint threads, jlong address, jlong capacity, jint columns, jint rows, jint reduce) {
    (void) type;
    char error[256] = "";
    jsize length = (*env)->GetArrayLength(env, frame);
    if (reduce < 0 || reduce > 8) {
        throw_decode_error(env, "resolution reduction out of range", "");
        return NULL;
    }
    jint out_columns = (jint) (((jlong) columns + (1 << reduce) - 1) >> reduce), out_rows = (jint) (((jlong) rows + (1 << reduce) - 1) >> reduce);
    if (columns <= 0 || rows <= 0 || capacity < (jlong) out_columns * out_rows * 2) {
        throw_decode_error(env, "destination smaller than the frame", "");
        return NULL;
    }
    jbyte *bytes = (*env)->GetByteArrayElements(env, frame, NULL);
    if (bytes == NULL) return NULL;
    memory_stream source = {(const unsigned char *) bytes, (OPJ_SIZE_T) length, 0};
    int jp2 = length >= 12 && memcmp(bytes + 4, "jP  ", 4) == 0;

    opj_codec_t *codec = opj_create_decompress(jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K);
    opj_stream_t *stream = opj_stream_create(1 << 16, OPJ_TRUE);
    opj_image_t *image = NULL;
    jintArray result = NULL;
    opj_dparameters_t parameters;
    opj_set_default_decoder_parameters(&parameters);
    parameters.cp_reduce = (OPJ_UINT32) reduce;
    opj_set_error_handler(codec, on_error, error);
    opj_set_warning_handler(codec, on_quiet, NULL);
    opj_set_info_handler(codec, on_quiet, NULL);
    opj_stream_set_user_data(stream, &source, NULL);
    opj_stream_set_user_data_length(stream, source.length);
    opj_stream_set_read_function(stream, stream_read);
    opj_stream_set_skip_function(stream, stream_skip);
    opj_stream_set_seek_function(stream, stream_seek);

    /* threads are set between setup and reading the header, as OpenJPEG requires */
    if (!opj_setup_decoder(codec, &parameters) || (threads > 1 && !opj_codec_set_threads(codec, threads))
            || !opj_read_header(stream, codec, &image)) {
        throw_decode_error(env, "not a JPEG 2000 stream OpenJPEG can read", error);
        goto done;
    }
    if (image->numcomps < 1 || (jlong) (image->x1 - image->x0) != columns || (jlong) (image->y1 - image->y0) != rows
            || image->comps[0].dx != 1 || image->comps[0].dy != 1) {
        char detail[128];
        snprintf(detail, sizeof detail, "the stream holds %ux%u pixels, the header says %dx%d",
                 image->x1 - image->x0, image->y1 - image->y0, columns, rows);
        throw_decode_error(env, "JPEG 2000 frame does not match the image header", detail);
        goto done;
    }
    if (!opj_decode(codec, stream, image) || !opj_end_decompress(codec, stream)) {
        throw_decode_error(env, "JPEG 2000 frame cannot be decoded", error);
        goto done;
    }
    opj_image_comp_t *c = &image->comps[0];
    if (c->data == NULL || c->w != (OPJ_UINT32) out_columns || c->h != (OPJ_UINT32) out_rows || c->prec < 1 || c->prec > 16) {
        throw_decode_error(env, "JPEG 2000 frame decoded to an unexpected size or precision", "");
        goto done;
    }
    OPJ_INT32 lo = c->sgnd ? -32768 : 0, hi = c->sgnd ? 32767 : 65535;
    size_t n = (size_t) out_columns * out_rows;
    if (c->sgnd) {
        short *out = (short *) (intptr_t) address;
        for (size_t i = 0; i < n; i++) { OPJ_INT32 v = c->data[i]; out[i] = (short) (v < lo ? lo : v > hi ? hi : v); }
    } else {
        unsigned short *out = (unsigned short *) (intptr_t) address;
        for (size_t i = 0; i < n; i++) { OPJ_INT32 v = c->data[i]; out[i] = (unsigned short) (v < lo ? lo : v > hi ? hi : v); }
    }
    jint facts[2] = {(jint) c->prec, (jint) c->sgnd};
    result = (*env)->NewIntArray(env, 2);
    if (result != NULL) (*env)->SetIntArrayRegion(env, result, 0, 2, facts);

done:
    if (image != NULL) opj_image_destroy(image);
    opj_stream_destroy(stream);
    opj_destroy_codec(codec);
    (*env)->ReleaseByteArrayElements(env, frame, bytes, JNI_ABORT);
    return result;
}
