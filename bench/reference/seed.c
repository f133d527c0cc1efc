/* FastNeuron's C reference: the seed program's training loop written by hand, timed.
 *
 *   gcc -O3 -march=native [-ffast-math] -o seed bench/reference/seed.c -lm && ./seed [runs]
 *
 * Prints the final weights and the best and median time of one whole 10,000-iteration training, in double
 * and float. The data is read through volatile so that the compiler cannot fold the training away. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static volatile double inputs[4][3] = {{0, 0, 1}, {1, 1, 1}, {1, 0, 1}, {0, 1, 1}};
static volatile double targets[4] = {0, 1, 1, 0};
static const double start[3] = {-0.165955990594852, 0.4406489868843162, -0.9997712503653102};

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

#define TRAIN(NAME, T, EXP)                                                   \
    static void NAME(T w[3], int iterations) {                                \
        T x[4][3], y[4];                                                      \
        for (int i = 0; i < 4; i++) {                                         \
            y[i] = (T)targets[i];                                             \
            for (int j = 0; j < 3; j++) x[i][j] = (T)inputs[i][j];            \
        }                                                                     \
        for (int j = 0; j < 3; j++) w[j] = (T)start[j];                       \
        for (int it = 0; it < iterations; it++) {                             \
            T delta[4];                                                       \
            for (int i = 0; i < 4; i++) {                                     \
                T z = x[i][0] * w[0] + x[i][1] * w[1] + x[i][2] * w[2];       \
                T o = (T)1 / ((T)1 + EXP(-z));                                \
                delta[i] = (y[i] - o) * (o * ((T)1 - o));                     \
            }                                                                 \
            for (int j = 0; j < 3; j++) {                                     \
                T g = 0;                                                      \
                for (int i = 0; i < 4; i++) g += x[i][j] * delta[i];          \
                w[j] += g;                                                    \
            }                                                                 \
        }                                                                     \
    }
TRAIN(train_double, double, exp)
TRAIN(train_float, float, expf)

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    int runs = argc > 1 ? atoi(argv[1]) : 300;
    double *t = malloc(sizeof(double) * runs);
    double wd[3];
    float wf[3];
    for (int kind = 0; kind < 2; kind++) {
        for (int r = 0; r < runs; r++) {
            double t0 = seconds();
            if (kind == 0) train_double(wd, 10000); else train_float(wf, 10000);
            t[r] = seconds() - t0;
        }
        qsort(t, runs, sizeof(double), compare);
        if (kind == 0)
            printf("seed double 10k iters: best %.1f us  median %.1f us  (%d runs)  w = %.17g %.17g %.17g\n",
                   t[0] * 1e6, t[runs / 2] * 1e6, runs, wd[0], wd[1], wd[2]);
        else
            printf("seed float  10k iters: best %.1f us  median %.1f us  (%d runs)  w = %.9g %.9g %.9g\n",
                   t[0] * 1e6, t[runs / 2] * 1e6, runs, wf[0], wf[1], wf[2]);
    }
    free(t);
    return 0;
}
