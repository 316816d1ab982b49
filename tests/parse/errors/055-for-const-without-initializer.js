for (const i; i < 3; i++) {}
