/* yaml-util.h: the one door to libyaml (baselines, waivers). */
#pragma once

#include <yaml.h>

#include "util.h"
