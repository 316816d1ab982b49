#!/usr/bin/env node
// just a comment
/* and a block
   comment */
