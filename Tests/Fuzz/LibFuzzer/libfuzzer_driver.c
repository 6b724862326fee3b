/* Declarations only (see include/libfuzzer_driver.h); the definition is libFuzzer's. */
#include "libfuzzer_driver.h"
