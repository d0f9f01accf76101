namespace CloudImageService.Images;

/// <summary>Called on the decode thread once it starts this image's decode, so a crash there is charged to this image alone.</summary>
public delegate Task BeforeDecode(CancellationToken cancellationToken);
