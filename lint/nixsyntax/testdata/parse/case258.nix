with {}; a<b
