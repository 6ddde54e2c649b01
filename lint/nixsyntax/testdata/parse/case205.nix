with {}; map or [ 1 ]
