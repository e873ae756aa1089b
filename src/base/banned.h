/* Functions motcua never calls: each use becomes a compile error (STYLE.md "Memory and ownership"). */
#ifndef MC_BANNED_H
#define MC_BANNED_H

#define MC_BANNED(f) sorry_##f##_is_banned_in_motcua

#undef strcpy
#define strcpy(...) MC_BANNED(strcpy)
#undef strcat
#define strcat(...) MC_BANNED(strcat)
#undef strncpy
#define strncpy(...) MC_BANNED(strncpy)
#undef sprintf
#define sprintf(...) MC_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) MC_BANNED(vsprintf)
#undef strtok
#define strtok(...) MC_BANNED(strtok)
#undef gets
#define gets(...) MC_BANNED(gets)
#undef atoi
#define atoi(...) MC_BANNED(atoi)
#undef atol
#define atol(...) MC_BANNED(atol)
#undef gmtime
#define gmtime(...) MC_BANNED(gmtime)
#undef localtime
#define localtime(...) MC_BANNED(localtime)
#undef ctime
#define ctime(...) MC_BANNED(ctime)
#undef asctime
#define asctime(...) MC_BANNED(asctime)
#undef rand
#define rand(...) MC_BANNED(rand)
#undef system
#define system(...) MC_BANNED(system)
#undef alloca
#define alloca(...) MC_BANNED(alloca)
#undef mktemp
#define mktemp(...) MC_BANNED(mktemp)
#undef tmpnam
#define tmpnam(...) MC_BANNED(tmpnam)

#endif
