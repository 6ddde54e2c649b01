with {}; a->b
