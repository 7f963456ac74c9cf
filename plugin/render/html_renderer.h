// The `html` report format: one self-contained page (inline CSS and SVG plots, no script, nothing
// fetched from the network) with a run's plots and tables, or several runs side by side.
#pragma once

#include "plugin/render/renderer.h"

namespace perfscale::plugin::render {

const Renderer& htmlRenderer();

}  // namespace perfscale::plugin::render
