with {}; a.0
