/* block */ 1 /* trailing */
