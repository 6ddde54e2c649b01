with {}; x: { ... }@y: x
