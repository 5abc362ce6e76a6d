/* check-params.c: typed access to a rule's check parameters (types guaranteed by the loader). */
#include "check.h"

static const char *const param_type_names[] = {
	[PARAM_BOOL] = "bool",
	[PARAM_INT] = "int",
	[PARAM_STRING] = "string",
	[PARAM_STRING_LIST] = "list of strings",
	[PARAM_SCALAR] = "scalar (bool, int or string)",
	[PARAM_SCALAR_LIST] = "list of scalars",
	[PARAM_ANY] = "any value",
	[PARAM_MODE] = "octal mode string such as \"0644\"",
};
_Static_assert(ELEMENTSOF(param_type_names) == _PARAM_TYPE_MAX, "param_type_names");

const char *param_type_to_string(enum param_type t)
{
	return t < _PARAM_TYPE_MAX ? param_type_names[t] : "?";
}

const struct value *check_param(const struct rule *r, const char *name)
{
	return value_map_get(r->check, name);
}

const char *check_param_string(const struct rule *r, const char *name, const char *def)
{
	const struct value *v = check_param(r, name);
	return v && v->type == VALUE_STRING ? v->s : def;
}

bool check_param_bool(const struct rule *r, const char *name, bool def)
{
	const struct value *v = check_param(r, name);
	return v && v->type == VALUE_BOOL ? v->b : def;
}

int64_t check_param_int(const struct rule *r, const char *name, int64_t def)
{
	const struct value *v = check_param(r, name);
	return v && v->type == VALUE_INT ? v->i : def;
}
