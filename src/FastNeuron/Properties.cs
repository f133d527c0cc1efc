// Kernels clear what they read; zeroing every stackalloc and local on entry would cost the small problems.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
