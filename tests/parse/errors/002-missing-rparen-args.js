console.log('a', 'b';
