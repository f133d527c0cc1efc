/* FastNeuron's C reference for one full-batch epoch of a float32 sigmoid neuron: a fused single pass
 * (z = w.x, o = sigmoid(z), d = (y - o) o (1 - o), g += d x, each row read once), written by hand with AVX2+FMA
 * intrinsics, 8 rows per block, software prefetch, on 1 and 2 threads; and the time to merely read X once.
 *
 *   gcc -O3 -march=native -o epoch bench/reference/epoch.c -lm -lpthread && ./epoch [rows] [columns] [runs]
 *
 * Columns must be a multiple of 8. Prints best and median milliseconds per epoch. */
#include <immintrin.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct {
    const float *x, *y, *w;
    float *g;
    long first, end;
    int columns;
    double sum;
} part_t;

static float horizontal(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
}

static void *epoch_part(void *arg) {
    part_t *p = arg;
    int d = p->columns;
    float *g = calloc(d, sizeof(float));
    float z[8], delta[8];
    long i = p->first;
    for (; i + 8 <= p->end; i += 8) {
        const float *rows = p->x + (size_t)i * d;
        for (int k = 0; k < 8 * d; k += 16) _mm_prefetch((const char *)(rows + 32 * d + k), _MM_HINT_T0);
        for (int r = 0; r < 8; r++) {
            __m256 acc = _mm256_setzero_ps();
            for (int j = 0; j < d; j += 8)
                acc = _mm256_fmadd_ps(_mm256_loadu_ps(rows + r * d + j), _mm256_loadu_ps(p->w + j), acc);
            z[r] = horizontal(acc);
        }
        for (int r = 0; r < 8; r++) {
            float o = 1.0f / (1.0f + expf(-z[r]));
            delta[r] = (p->y[i + r] - o) * (o * (1.0f - o));
        }
        for (int j = 0; j < d; j += 8) {
            __m256 acc = _mm256_loadu_ps(g + j);
            for (int r = 0; r < 8; r++)
                acc = _mm256_fmadd_ps(_mm256_loadu_ps(rows + r * d + j), _mm256_set1_ps(delta[r]), acc);
            _mm256_storeu_ps(g + j, acc);
        }
    }
    for (; i < p->end; i++) {
        const float *row = p->x + (size_t)i * d;
        float s = 0;
        for (int j = 0; j < d; j++) s += row[j] * p->w[j];
        float o = 1.0f / (1.0f + expf(-s));
        float dl = (p->y[i] - o) * (o * (1.0f - o));
        for (int j = 0; j < d; j++) g[j] += dl * row[j];
    }
    memcpy(p->g, g, d * sizeof(float));
    free(g);
    return NULL;
}

static void *sum_part(void *arg) {
    part_t *p = arg;
    const float *a = p->x + (size_t)p->first * p->columns;
    size_t n = (size_t)(p->end - p->first) * p->columns, k = 0;
    __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
    for (; k + 32 <= n; k += 32) {
        s0 = _mm256_add_ps(s0, _mm256_loadu_ps(a + k));
        s1 = _mm256_add_ps(s1, _mm256_loadu_ps(a + k + 8));
        s2 = _mm256_add_ps(s2, _mm256_loadu_ps(a + k + 16));
        s3 = _mm256_add_ps(s3, _mm256_loadu_ps(a + k + 24));
    }
    p->sum = horizontal(_mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
    return NULL;
}

static double run(void *(*job)(void *), const float *x, const float *y, float *w, long rows, int d, int threads) {
    part_t parts[2];
    float g[2][1024];
    pthread_t helper;
    double t0 = seconds();
    for (int t = 0; t < threads; t++) {
        parts[t] = (part_t){x, y, w, g[t], rows * t / threads, rows * (t + 1) / threads, d, 0};
    }
    if (threads == 2) pthread_create(&helper, NULL, job, &parts[1]);
    job(&parts[0]);
    if (threads == 2) pthread_join(helper, NULL);
    if (job == epoch_part) {
        for (int j = 0; j < d; j++) w[j] += (0.5f / rows) * (g[0][j] + (threads == 2 ? g[1][j] : 0));
    }
    return seconds() - t0;
}

int main(int argc, char **argv) {
    long rows = argc > 1 ? atol(argv[1]) : 1000000;
    int d = argc > 2 ? atoi(argv[2]) : 64;
    int runs = argc > 3 ? atoi(argv[3]) : 20;
    if (d % 8 || d > 1024) {
        fprintf(stderr, "columns must be a multiple of 8, at most 1024\n");
        return 1;
    }
    float *x = aligned_alloc(64, ((size_t)rows * d * sizeof(float) + 63) / 64 * 64);
    float *y = malloc(rows * sizeof(float));
    float w[1024] = {0};
    srand(7);
    for (size_t k = 0; k < (size_t)rows * d; k++) x[k] = 2.0f * rand() / RAND_MAX - 1.0f;
    for (long i = 0; i < rows; i++) y[i] = x[(size_t)i * d] > 0;
    double *t = malloc(runs * sizeof(double));
    const char *names[2] = {"C fused epoch", "C read X once"};
    void *(*jobs[2])(void *) = {epoch_part, sum_part};
    for (int which = 0; which < 2; which++) {
        for (int threads = 1; threads <= 2; threads++) {
            run(jobs[which], x, y, w, rows, d, threads);
            for (int r = 0; r < runs; r++) t[r] = run(jobs[which], x, y, w, rows, d, threads);
            qsort(t, runs, sizeof(double), compare);
            printf("%s %ld x %d threads=%d: best %.3f ms  median %.3f ms  (%d runs)\n", names[which], rows, d, threads,
                   t[0] * 1e3, t[runs / 2] * 1e3, runs);
        }
    }
    return 0;
}
