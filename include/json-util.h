/* json-util.h: the one door to json-c (daemon.json reading, the JSON report).
 *
 * Other files include this header rather than json-c's. It adds cleanup helpers and the
 * conversions between json-c objects and struct value. */
#pragma once

#include <json-c/json.h>

#include "util.h"
#include "value.h"

static inline void json_object_putp(json_object **o)
{
	if (*o)
		json_object_put(*o);
}
#define _cleanup_json_ _cleanup_(json_object_putp)
