extension QueueState {
    /// The task that names `path` as its `output` (the first by id, should two name it): whose work
    /// product the file is.
    public func task(withOutput path: String) -> Task? {
        tasks.values.filter { $0.output == path }.min { $0.id < $1.id }
    }
}
