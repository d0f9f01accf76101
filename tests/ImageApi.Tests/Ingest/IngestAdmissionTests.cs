using CloudImageService.Images;
using CloudImageService.Ingest;
using Microsoft.Extensions.Options;

namespace ImageApi.Tests.Ingest;

public sealed class IngestAdmissionTests
{
    private static IngestAdmission Admission(int decodes, int queued, int perCaller) => new(Options.Create(new IngestOptions
    {
        MaxConcurrentDecodes = decodes,
        MaxQueuedConfirmations = queued,
        MaxConfirmationsPerCaller = perCaller,
    }));

    [Fact]
    public void Past_the_decode_threads_and_the_queue_a_confirmation_is_refused_until_one_finishes()
    {
        using var admission = Admission(decodes: 1, queued: 1, perCaller: 10);
        var first = Assert.IsType<ConfirmationAdmission.Admitted>(admission.TryEnter("a"));
        var second = Assert.IsType<ConfirmationAdmission.Admitted>(admission.TryEnter("b"));

        Assert.IsType<ConfirmationAdmission.Full>(admission.TryEnter("c"));

        first.Slot.Dispose();
        first.Slot.Dispose(); // releasing twice frees one slot, not two
        Assert.IsType<ConfirmationAdmission.Admitted>(admission.TryEnter("c"));
        Assert.IsType<ConfirmationAdmission.Full>(admission.TryEnter("d"));
        second.Slot.Dispose();
    }

    [Fact]
    public void One_caller_may_not_take_more_than_its_share_while_others_still_get_in()
    {
        using var admission = Admission(decodes: 2, queued: 8, perCaller: 2);
        Assert.IsType<ConfirmationAdmission.Admitted>(admission.TryEnter("greedy"));
        var held = Assert.IsType<ConfirmationAdmission.Admitted>(admission.TryEnter("greedy"));

        Assert.Equal(2, Assert.IsType<ConfirmationAdmission.CallerBusy>(admission.TryEnter("greedy")).Limit);
        Assert.IsType<ConfirmationAdmission.Admitted>(admission.TryEnter("modest"));

        held.Slot.Dispose();
        Assert.IsType<ConfirmationAdmission.Admitted>(admission.TryEnter("greedy"));
    }
}
