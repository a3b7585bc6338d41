// chase-bench-spawn RESULT PROGRAM [ARG...]: runs PROGRAM as its child and writes to the file RESULT
// "<wait status> <peak resident KB> <wall seconds>".
//
// Why a separate program: on Linux a process's ru_maxrss starts at the peak memory of the process it
// was exec'd from, so a child started straight from chase-bench (which holds the generated
// repositories in memory) would report at least chase-bench's size. Started from this 1 MB
// process, the measured program's peak is its own. Standard input and output are inherited.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: chase-bench-spawn RESULT PROGRAM [ARG...]\n");
        return 2;
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t pid = fork();
    if (pid < 0) {
        perror("chase-bench-spawn: fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        fprintf(stderr, "chase-bench-spawn: cannot run %s\n", argv[2]);
        _exit(127);
    }
    int status = 0;
    struct rusage usage;
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            perror("chase-bench-spawn: wait4");
            return 2;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    FILE *out = fopen(argv[1], "w");
    if (!out) {
        perror("chase-bench-spawn: result file");
        return 2;
    }
    double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    fprintf(out, "%d %ld %.6f\n", status, usage.ru_maxrss, seconds);
    fclose(out);
    return 0;
}
