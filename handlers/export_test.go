package handlers

// CommandList is the one command list, for the tests outside the package
// (the role matrix reads it so that a new command needs a row there).
func CommandList() []*Command { return commands }
