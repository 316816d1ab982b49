y: { for (;;) { continue y } }
