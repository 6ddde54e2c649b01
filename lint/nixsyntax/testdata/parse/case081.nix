with {}; a/${x}b${x}
