const n = 1_;
