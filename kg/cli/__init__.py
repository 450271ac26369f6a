"""The `kg` command line. Commands parse arguments and call one library function each."""
