switch (x) { default: break; default: }
