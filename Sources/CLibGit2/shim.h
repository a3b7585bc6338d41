#ifndef CHASE_CLIBGIT2_SHIM_H
#define CHASE_CLIBGIT2_SHIM_H
#include <git2.h>
#endif
