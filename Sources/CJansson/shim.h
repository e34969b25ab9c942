#include <jansson.h>

/* Function-like macros do not import into Swift; these give them names. */
static inline int cjansson_typeof(const json_t *json) { return json ? (int)json_typeof(json) : -1; }
static inline json_t *cjansson_incref(json_t *json) { return json_incref(json); }
static inline void cjansson_decref(json_t *json) { json_decref(json); }
static inline int cjansson_error_code(const json_error_t *error) { return (int)json_error_code(error); }
