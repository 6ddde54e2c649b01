with {}; [ ifx thenx letx inx ]
