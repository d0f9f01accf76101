// The CDK runs in one Node.js process behind the jsii runtime, which is not thread-safe: concurrent synths from
// parallel test classes deadlock or fail. Test classes therefore run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
