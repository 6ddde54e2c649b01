with {}; ./a/${x}/b
