with {}; ''a'''b''
