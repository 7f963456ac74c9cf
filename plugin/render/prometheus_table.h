// The Prometheus comparison of a report as one table (Prometheus' figure, the trace's, the
// difference), laid out by text, markdown and HTML alike.
#pragma once

#include "plugin/render/figure_tables.h"
#include "plugin/render/renderer.h"

namespace perfscale::plugin::render {

Table prometheusTable(const PrometheusComparison& comparison);

}  // namespace perfscale::plugin::render
