// libcurl through dlopen: its prototypes and the few constants used, as libcurl 7 and 8 define them
// (stable ABI), so building needs no libcurl headers and starting needs no libcurl.
#include "chase_curl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void CURL;
struct curl_slist;
typedef int CURLcode;

enum {
    CHASE_CURLOPT_WRITEDATA = 10001,
    CHASE_CURLOPT_URL = 10002,
    CHASE_CURLOPT_POSTFIELDS = 10015,
    CHASE_CURLOPT_HTTPHEADER = 10023,
    CHASE_CURLOPT_WRITEFUNCTION = 20011,
    CHASE_CURLOPT_POST = 47,
    CHASE_CURLOPT_NOSIGNAL = 99,
    CHASE_CURLOPT_TIMEOUT_MS = 155,
    CHASE_CURLOPT_PROTOCOLS = 181,
    CHASE_CURLOPT_POSTFIELDSIZE_LARGE = 30120,
    CHASE_CURLINFO_RESPONSE_CODE = 0x200000 + 2,
    CHASE_CURLE_OPERATION_TIMEDOUT = 28,
    CHASE_CURLPROTO_HTTP_HTTPS = 1 | 2,
    CHASE_CURL_GLOBAL_DEFAULT = 3,
};

static struct {
    void *handle;
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, int, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} curl;

static pthread_once_t loaded = PTHREAD_ONCE_INIT;
static const char *load_error;

static void *symbol(const char *name) {
    void *found = dlsym(curl.handle, name);
    if (!found && !load_error) load_error = "the system's libcurl lacks a function chase needs";
    return found;
}

static void load(void) {
    static const char *const names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.4.dylib", "libcurl.dylib"};
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !curl.handle; i++) {
        curl.handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (!curl.handle) {
        load_error = "libcurl is not installed (chase loads it to send webhooks)";
        return;
    }
    *(void **)&curl.global_init = symbol("curl_global_init");
    *(void **)&curl.easy_init = symbol("curl_easy_init");
    *(void **)&curl.easy_setopt = symbol("curl_easy_setopt");
    *(void **)&curl.easy_perform = symbol("curl_easy_perform");
    *(void **)&curl.easy_getinfo = symbol("curl_easy_getinfo");
    *(void **)&curl.easy_cleanup = symbol("curl_easy_cleanup");
    *(void **)&curl.easy_strerror = symbol("curl_easy_strerror");
    *(void **)&curl.slist_append = symbol("curl_slist_append");
    *(void **)&curl.slist_free_all = symbol("curl_slist_free_all");
    if (!load_error && curl.global_init(CHASE_CURL_GLOBAL_DEFAULT) != 0) load_error = "libcurl did not start";
}

static size_t collect(char *data, size_t size, size_t count, void *context) {
    chase_http_result *result = context;
    size_t n = size * count;
    unsigned char *grown = realloc(result->body, result->body_length + n + 1);
    if (!grown) return 0;
    memcpy(grown + result->body_length, data, n);
    result->body = grown;
    result->body_length += n;
    return n;
}

static int fail(chase_http_result *result, const char *message) {
    snprintf(result->error, sizeof result->error, "%s", message);
    return -1;
}

int chase_http_post(const char *url, const unsigned char *body, size_t body_length,
                    const char *const *headers, size_t header_count, long timeout_ms,
                    chase_http_result *result) {
    memset(result, 0, sizeof *result);
    pthread_once(&loaded, load);
    if (load_error) return fail(result, load_error);
    CURL *handle = curl.easy_init();
    if (!handle) return fail(result, "libcurl could not make a request");
    struct curl_slist *list = NULL;
    // "Expect:" turns off libcurl's 100-continue round trip for larger bodies.
    list = curl.slist_append(list, "Expect:");
    for (size_t i = 0; i < header_count; i++) {
        struct curl_slist *longer = curl.slist_append(list, headers[i]);
        if (!longer) break;
        list = longer;
    }
    curl.easy_setopt(handle, CHASE_CURLOPT_URL, url);
    curl.easy_setopt(handle, CHASE_CURLOPT_PROTOCOLS, (long)CHASE_CURLPROTO_HTTP_HTTPS);
    curl.easy_setopt(handle, CHASE_CURLOPT_NOSIGNAL, 1L);
    curl.easy_setopt(handle, CHASE_CURLOPT_POST, 1L);
    curl.easy_setopt(handle, CHASE_CURLOPT_POSTFIELDS, body_length ? (const char *)body : "");
    curl.easy_setopt(handle, CHASE_CURLOPT_POSTFIELDSIZE_LARGE, (long long)body_length);
    curl.easy_setopt(handle, CHASE_CURLOPT_HTTPHEADER, list);
    curl.easy_setopt(handle, CHASE_CURLOPT_TIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, CHASE_CURLOPT_WRITEFUNCTION, collect);
    curl.easy_setopt(handle, CHASE_CURLOPT_WRITEDATA, result);
    CURLcode code = curl.easy_perform(handle);
    int status = 0;
    if (code == 0) {
        long http = 0;
        curl.easy_getinfo(handle, CHASE_CURLINFO_RESPONSE_CODE, &http);
        result->status = http;
        if (http <= 0) status = fail(result, "no HTTP response");
    } else {
        result->timed_out = code == CHASE_CURLE_OPERATION_TIMEDOUT;
        status = fail(result, curl.easy_strerror(code));
    }
    curl.easy_cleanup(handle);
    curl.slist_free_all(list);
    return status;
}

void chase_http_result_free(chase_http_result *result) {
    free(result->body);
    result->body = NULL;
    result->body_length = 0;
}
