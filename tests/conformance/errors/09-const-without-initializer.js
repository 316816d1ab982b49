// Syntax error: const needs an initializer.
const x;
