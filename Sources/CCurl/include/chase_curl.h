#ifndef CHASE_CURL_H
#define CHASE_CURL_H

#include <stddef.h>

/// What one POST got back: an HTTP answer (`status` > 0, `body` malloc'd) or why there was none.
typedef struct {
    long status;
    unsigned char *body;
    size_t body_length;
    /// Non-zero when the time ran out before an answer.
    int timed_out;
    /// Why there was no answer, when `status` is 0.
    char error[256];
} chase_http_result;

/// POSTs `body` to `url` with `headers` ("Name: value"), waiting at most `timeout_ms`, through the
/// system's libcurl, which is loaded on the first call and not before: a process that sends no
/// webhook never loads libcurl or its TLS libraries. Redirects are not followed; only http and
/// https are allowed. Returns 0 when an HTTP answer came (whatever its status), -1 otherwise.
int chase_http_post(const char *url, const unsigned char *body, size_t body_length,
                    const char *const *headers, size_t header_count, long timeout_ms,
                    chase_http_result *result);

/// Frees the body of a result.
void chase_http_result_free(chase_http_result *result);

#endif
