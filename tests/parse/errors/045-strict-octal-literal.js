'use strict';
const mode = 0755;
