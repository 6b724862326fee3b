#ifndef MARVDASH_LIBFUZZER_DRIVER_H
#define MARVDASH_LIBFUZZER_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/* libFuzzer's entry for programs that keep their own main: parses libFuzzer's flags in
   argv and fuzzes `callback`. Defined by the libFuzzer runtime that
   `-sanitize=fuzzer` links in; only `make fuzz` builds call it. */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
