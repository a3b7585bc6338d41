#ifndef CHASE_CSQLITE_SHIM_H
#define CHASE_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
