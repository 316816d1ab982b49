import('fs').then(m => m)
