/* Fuzzes the fast JSON object reader (http/json_fast.h) against jansson: whatever it reads, jansson
 * reads the same (json_fast_check.h); whatever it leaves, jansson judges as before. */
#include "base/base.h"

#include "json_fast_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_fast_same_as_jansson((const char *)data, size);
	return 0;
}
