/// A model file that cannot be used: one line with file:line:col, what is wrong and what to do.
public typealias ModelFileError = YAMLFileError
