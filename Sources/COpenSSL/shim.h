// The system OpenSSL 3.0 headers Credex uses, plus static inline wrappers for what Swift cannot
// import (function-like macros and variadic functions). Swift imports static inline functions
// from this header directly, so no C target is needed. Wrappers are named credex_<what they wrap>.
#ifndef CREDEX_OPENSSL_SHIM_H
#define CREDEX_OPENSSL_SHIM_H

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

// MARK: crypto.h

/// `OPENSSL_free` (a macro that passes the caller's file and line).
static inline void credex_OPENSSL_free(void *addr) {
    OPENSSL_free(addr);
}

// MARK: x509v3.h

/// `sk_GENERAL_NAME_push` (a macro); on success the stack owns `name`. Returns the new count, or 0.
static inline int credex_sk_GENERAL_NAME_push(GENERAL_NAMES *names, GENERAL_NAME *name) {
    return sk_GENERAL_NAME_push(names, name);
}

// MARK: bio.h and ssl.h, for the TLS layer

/// `BIO_set_mem_eof_return` (a macro): what a drained memory BIO reports (-1 means "retry").
static inline long credex_BIO_set_mem_eof_return(BIO *bio, int value) {
    return BIO_set_mem_eof_return(bio, value);
}

/// `SSL_CTX_set_min_proto_version` (a macro), e.g. with `TLS1_2_VERSION`.
static inline int credex_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}

/// `SSL_CTX_set_mode` (a macro); returns the new mode bit mask.
static inline long credex_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}

/// `SSL_set_tlsext_host_name` (a macro): the SNI host name a client sends.
static inline int credex_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

// MARK: ssl.h, for the TLS engine

/// `SSL_CTX_set_max_proto_version` (a macro), e.g. with `TLS1_3_VERSION`.
static inline int credex_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_max_proto_version(ctx, version);
}

/// `SSL_CTX_set_session_cache_mode` (a macro); returns the previous mode.
static inline long credex_SSL_CTX_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}

/// `SSL_get_ex_new_index` (a macro) with no callbacks: a new index for `SSL_set_ex_data`.
static inline int credex_SSL_get_ex_new_index(void) {
    return SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);
}

/// `SSL_CTX_add1_chain_cert` (a macro): appends `x509` (taking its own reference) to the chain sent
/// with the current certificate.
static inline int credex_SSL_CTX_add1_chain_cert(SSL_CTX *ctx, X509 *x509) {
    return (int)SSL_CTX_add1_chain_cert(ctx, x509);
}

#endif
