#ifndef CHASE_CLIBGIT2_SHIM_H
#define CHASE_CLIBGIT2_SHIM_H
#include <git2.h>

/* git_libgit2_opts is variadic, and Swift does not import variadic C functions:
   each option GitKit sets gets a fixed-argument wrapper here. */
static inline int chase_git_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}
#endif
