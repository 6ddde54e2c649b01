''
	tab first
  x''
